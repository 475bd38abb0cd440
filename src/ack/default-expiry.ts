// How long an acknowledgement lasts unless told otherwise, from `review-hook ack` and from the
// terminal prompt alike: a waved-through finding comes back for a second look rather than staying
// silent for good. Alone in its file, so the CLI's help can name it without loading the ack code.
export const DEFAULT_EXPIRY_DAYS = 90;
