import { TABLES, type Column, type TableName } from './columns.js';

/** data dictionary as CSV rows: table, column, type, meaning, values. */
export function dictionaryRows(): unknown[][] {
  return (Object.entries(TABLES) as Array<[TableName, Column[]]>).flatMap(([table, cols]) => cols.map((c) => [table, c.name, c.type, c.meaning, c.values ?? '']));
}

const R_TYPES: Record<Column['type'], string> = { string: 'c', integer: 'i', number: 'd', boolean: 'l', date: 'D', json: 'c' };

/** An R script that reads the three CSVs with their types and attaches each column's meaning as a label. */
export function rScript(): string {
  const parts = (Object.entries(TABLES) as Array<[TableName, Column[]]>).map(([table, cols]) => {
    const types = cols.map((c) => R_TYPES[c.type]).join('');
    const labels = cols.map((c) => `  ${JSON.stringify(c.name)} = ${JSON.stringify(c.meaning)}`).join(',\n');
    return `${table} <- readr::read_csv("${table}.csv", col_types = "${types}", na = "")
${table}_labels <- c(
${labels}
)
for (col in names(${table}_labels)) attr(${table}[[col]], "label") <- ${table}_labels[[col]]`;
  });
  return `# Dyadic export: read the tidy tables with types and labels. Needs the readr package.
# The Parquet export carries its types itself: utterances <- arrow::read_parquet("utterances.parquet"), then the
# label loops below work the same (docs/exports.md).
# Rates come with _num and _den columns; do not compare rates whose denominator is under 5.
# These are descriptive indicators from an exploratory study (9 dyads), not a connection score.
${parts.join('\n\n')}
`;
}

const SPSS_TYPES: Record<Column['type'], string> = { string: 'A2000', integer: 'F8.0', number: 'F12.6', boolean: 'A5', date: 'SDATE10', json: 'A4000' };

/** SPSS syntax that reads the three CSVs with formats and variable labels. */
export function spssSyntax(): string {
  const parts = (Object.entries(TABLES) as Array<[TableName, Column[]]>).map(([table, cols]) => {
    const vars = cols.map((c) => `  ${c.name} ${SPSS_TYPES[c.type]}`).join('\n');
    const labels = cols.map((c) => `  ${c.name} ${JSON.stringify(c.meaning.replace(/"/g, "'").slice(0, 250))}`).join('\n');
    return `* ${table}.
GET DATA /TYPE=TXT /FILE='${table}.csv' /ENCODING='UTF8' /DELCASE=LINE /DELIMITERS="," /QUALIFIER='"'
  /ARRANGEMENT=DELIMITED /FIRSTCASE=2 /VARIABLES=
${vars}.
VARIABLE LABELS
${labels}.
DATASET NAME ${table}.
`;
  });
  return `* Dyadic export: read the tidy tables with formats and labels (SPSS 22+).
* Rates come with _num and _den columns; do not compare rates whose denominator is under 5.
${parts.join('\n')}`;
}
