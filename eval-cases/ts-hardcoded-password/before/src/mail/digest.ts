export interface Digest {
  to: string;
  html: string;
}
