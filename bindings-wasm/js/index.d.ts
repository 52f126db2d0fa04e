// The package's entry points. Models (models.d.ts) and the methods of ManageBac
// (client.d.ts) are generated from the Rust sources by bindings-wasm/tsgen.py.
import type { ManageBacOperations } from "./client.js";
import type { PageMeta } from "./models.js";

export type * from "./models.js";
export type * from "./client.js";

export interface ManageBacOptions {
  /** The ManageBac API token (sent in the `auth-token` header only). */
  token: string;
  /** Default https://api.managebac.com; `http://` only for loopback hosts. */
  baseUrl?: string;
  /** Per-request timeout in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Retries of idempotent requests after 502/503/504 or a dropped connection (default 3). */
  maxRetries?: number;
  /** Client-side limit (default 200 per minute); `null` switches it off. */
  requestsPerMinute?: number | null;
}

/** The records of a list operation: async-iterable (pages fetched lazily) and awaitable (every record). */
export declare class PagedList<T> implements AsyncIterable<T>, PromiseLike<T[]> {
  private constructor();
  pages(): AsyncIterable<{ items: T[]; meta: PageMeta | null }>;
  [Symbol.asyncIterator](): AsyncIterator<T>;
  toArray(): Promise<T[]>;
  then<R1 = T[], R2 = never>(
    onfulfilled?: ((value: T[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2>;
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T[] | R>;
  finally(onfinally?: (() => void) | null): Promise<T[]>;
}

export interface ManageBac extends ManageBacOperations {}
/** The ManageBac client: every operation of the API table as a camelCase method. */
export declare class ManageBac {
  constructor(options: ManageBacOptions);
  readonly baseUrl: string;
  toString(): string;
  toJSON(): { baseUrl: string };
}

export type ErrorCode =
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "unprocessable"
  | "server"
  | "unexpected_status"
  | "transport"
  | "decode"
  | "internal";

export declare class GradebridgeError extends Error {
  readonly code: ErrorCode;
  /** The platform whose answer (or request) failed (`managebac`), when known. */
  readonly platform: string | null;
  readonly status: number | null;
  /** The offending field, for InvalidInputError. */
  readonly field: string | null;
  /** JSON path of a DecodeError. */
  readonly path: string | null;
  readonly fieldErrors: Record<string, string[]>;
  /** Seconds to wait, for RateLimitError. */
  readonly retryAfter: number | null;
  readonly bodyExcerpt: string | null;
}
export declare class InvalidInputError extends GradebridgeError {}
export declare class AuthenticationError extends GradebridgeError {}
export declare class PermissionDeniedError extends GradebridgeError {}
export declare class NotFoundError extends GradebridgeError {}
export declare class RateLimitError extends GradebridgeError {}
export declare class UnprocessableError extends GradebridgeError {}
export declare class ServerError extends GradebridgeError {}
export declare class TransportError extends GradebridgeError {}
export declare class DecodeError extends GradebridgeError {}

export interface HttpRequestRecord {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: [string, string][];
  body: string | null;
}

/** One entry of the operation registry. */
export interface OperationInfo {
  platform: string;
  name: string;
  type_name: string;
  paged: boolean;
  positional: string[];
  required: number;
}

/** Every operation name of a platform (default `managebac`). */
export declare function operations(platform?: string): string[];
/** The operation registry of every platform. */
export declare function registry(): OperationInfo[];
export declare function buildRequest(
  name: string,
  args: Record<string, unknown>,
  options: { token: string; baseUrl?: string; platform?: string; nonce?: string; timestamp?: number },
): HttpRequestRecord;
export declare function parseResponse(
  name: string,
  args: Record<string, unknown>,
  response: { status: number; headers?: [string, string][] | Record<string, string>; body: string | Uint8Array | ArrayBuffer },
  options?: { platform?: string },
): unknown;
/** For the tests: make the Rust core panic; throws a GradebridgeError. */
export declare function _panicForTests(): never;
export declare function isIdempotent(name: string, args: Record<string, unknown>, options?: { platform?: string }): boolean;

// Grade mapping (exact decimals: percentages come back as decimal text).

export type Rounding = "half_up" | "half_even" | "floor" | "ceiling";
export type AverageMethod = "percentage_weights" | "points_weights" | "absolute_weights";

export interface ScaleLevel {
  symbol: string;
  lowerBound: string | null;
  value: string | null;
}

export declare class GradeScale {
  private constructor();
  static fromLevels(levels: { symbol: string; lowerBound?: number | string | null; value?: number | string | null }[]): GradeScale;
  static fromBlackboardSymbols(symbols: string): GradeScale;
  static fromSchoology(gradingScale: Record<string, unknown>): GradeScale;
  static ibMyp(): GradeScale;
  toBlackboardSymbols(): string;
  toSchoology(title?: string): Record<string, unknown>;
  readonly levels: ScaleLevel[];
  grade(percent: number | string): string;
  gradeMany(percents: number[] | Float64Array): string[];
  percentFor(symbol: string): string | null;
  equals(other: GradeScale): boolean;
}

export declare function percent(
  score: number | string,
  maxPoints: number | string,
  options?: { decimals?: number; rounding?: Rounding },
): string;
export declare function mypGrade(criteria: number[]): number;
export declare function groupMark(score: number, maxPoints: number, scale: GradeScale): string;

export interface TaskScoreInput {
  category: string;
  max_points: number;
  score?: number | null;
  task_id?: number | null;
  excused?: boolean;
  missing?: boolean;
}
export interface WeightedAverageResult {
  percent: string | null;
  contributing: { task_id: number | null; category: string; percent: string }[];
  categories: { category: string; weight: string; share: string; percent: string }[];
}
export declare function weightedAverage(
  tasks: TaskScoreInput[],
  categories: { category: string; weight: number }[],
  options?: { method?: AverageMethod; decimals?: number; rounding?: Rounding },
): WeightedAverageResult;
