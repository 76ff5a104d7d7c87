/** One line of a benchmark's verdict: a figure against its target. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: number | string | null;
  met: boolean;
  note?: string;
}
