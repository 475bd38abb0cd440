// What a kind of request expects back: the structured-output format to ask for in json_schema mode,
// and the parser that turns the answer text into a value or says why it cannot. The client sends
// every kind of request the same way (request shape, fallbacks, one repair), whatever the answer.
export type AnswerParse<T> = { ok: true; value: T; format: 'json' | 'markdown' } | { ok: false; problem: string };

export interface AnswerSpec<T> {
  /** The `response_format` for json_schema mode. */
  responseFormat(): Record<string, unknown>;
  /** Never throws: an unusable answer is `{ ok: false, problem }`. */
  parse(content: string | null, finishReason: string | null, refusal: string | null): AnswerParse<T>;
}
