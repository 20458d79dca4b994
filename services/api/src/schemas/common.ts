import Type from 'typebox';

export const Problem = Type.Object(
  {
    type: Type.String({ examples: ['/problems/unparseable-transcript'] }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
);

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });

export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
} as const;
