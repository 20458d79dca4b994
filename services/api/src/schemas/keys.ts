import Type from 'typebox';
import { Uuid } from './common.js';

export const KeyRole = Type.Union([Type.Literal('admin'), Type.Literal('researcher'), Type.Literal('staff'), Type.Literal('integration')]);

export const KeyCreate = Type.Object(
  {
    role: KeyRole,
    name: Type.String({ minLength: 1, maxLength: 120, examples: ['coordinator laptop'] }),
    programId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: "Program the key is limited to (default: the caller's program). null = every program (admin keys of a global admin only)" })),
  },
  { additionalProperties: false },
);

export const KeyView = Type.Object({
  id: Uuid,
  role: KeyRole,
  name: Type.String(),
  programId: Type.Union([Uuid, Type.Null()]),
  prefix: Type.String({ description: 'Public part of the key, to recognise it' }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  key: Type.Optional(Type.String({ description: 'The secret key: returned only once, at creation' })),
});
