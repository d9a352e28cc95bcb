/**
 * The command line's import reads one folder and ends. V8's default tiering, made for pages and servers whose code
 * runs for hours, optimises every lukewarm function of the parser, throws the code away when a document of another
 * shape comes (a deoptimisation) and optimises it again: on one core that compiling took about a third of a run of
 * 1000 documents. A budget 16 times V8's own (how much a function runs before it is optimised) leaves the lukewarm
 * ones to the baseline tier and optimises the hot loops once they have seen enough documents; the baseline tier
 * (Sparkplug) compiles each function when it first runs, so nothing waits in the interpreter meanwhile (decision 41).
 * The flags are process-wide and set before the parser first runs; the server never sets them.
 */
import v8 from 'node:v8'

/** V8's default interrupt budget (Node 20 to 22: 66 KB of bytecode), times 16 */
export const BATCH_INTERRUPT_BUDGET = 16 * 67_584
export const BATCH_V8_FLAGS = [`--interrupt-budget=${BATCH_INTERRUPT_BUDGET}`, '--always-sparkplug']

export function tuneForBatch(): void {
  for (const flag of BATCH_V8_FLAGS) v8.setFlagsFromString(flag)
}
