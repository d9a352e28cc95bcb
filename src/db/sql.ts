/** Numbered query parameters for SQL built in pieces: each piece adds its values and gets back `$n`. */
export class Params {
  readonly values: unknown[]
  constructor(initial: unknown[] = []) {
    this.values = [...initial]
  }
  add(v: unknown): string {
    this.values.push(v)
    return `$${this.values.length}`
  }
}
