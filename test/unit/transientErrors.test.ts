import assert from "node:assert/strict";
import { asPipelineError } from "../../functions/src/errors";
import { closedTransactionError } from "../../functions/src/pipeline/run/faultInjection";
import { withTransientRetries } from "../../functions/src/pipeline/run/transientRetry";

const grpc = (code: number, message: string) => Object.assign(new Error(message), { code });

describe("transient Firestore errors (issue 20)", () => {
  it("retries a transaction Firestore closed or let expire: INVALID_ARGUMENT with those messages", () => {
    assert.equal(asPipelineError(closedTransactionError()).kind, "transient");
    assert.equal(asPipelineError(grpc(3, "3 INVALID_ARGUMENT: The transaction has expired.")).kind, "transient");
  });

  it("never retries a real invalid argument", () => {
    const error = asPipelineError(grpc(3, "3 INVALID_ARGUMENT: Property array contains an invalid nested entity."));
    assert.equal(error.kind, "internal");
    assert.equal(error.retryable, false);
  });

  it("gives up on a closed transaction after the policy's attempts", async () => {
    let tries = 0;
    await assert.rejects(
      withTransientRetries(
        async () => {
          tries += 1;
          throw closedTransactionError();
        },
        { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      ),
      /Transaction is invalid or closed/,
    );
    assert.equal(tries, 3);
  });
});
