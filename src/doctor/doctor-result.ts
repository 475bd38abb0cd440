// One line of `review-hook doctor`: what was checked, how it went, and the command that fixes it.

export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorResult {
  name: string;
  status: DoctorStatus;
  detail: string;
  fix?: string;
}
