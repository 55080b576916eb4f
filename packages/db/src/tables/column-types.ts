import type { ColumnType, Generated } from 'kysely';

/** int8 / bigserial: node-postgres returns strings so no precision is lost; repositories convert. */
export type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;
export type GeneratedInt8 = ColumnType<
  string,
  string | number | bigint | undefined,
  string | number | bigint
>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as JSON text (node-postgres would turn JS arrays into Postgres arrays), read parsed. */
export type Json<T> = ColumnType<T, string, string>;
export type NullableJson<T> = ColumnType<T | null, string | null, string | null>;
export type TextArray = ColumnType<string[], readonly string[] | undefined, readonly string[]>;
/** AES-256-GCM box `iv|tag|ciphertext` (see crypto/secret-box.ts). */
export type Encrypted = Buffer;
export type { Generated };
