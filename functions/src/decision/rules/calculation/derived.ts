/** A calculation read from an objective's words. */
export interface Derived {
  expression: string;
  /** How many of the objective's numbers the expression uses (all of them, or it is not used). */
  uses: number;
  /** What kind of calculation, for the reason shown to the person. */
  what: string;
}
