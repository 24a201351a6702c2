/**
 * What `promise` rejects with, or undefined when it resolves: for tests that check several things of one error
 * (class, message, what it must not contain). A resolved promise then fails the test's first `expect` on the error.
 */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (x: unknown) => x,
  );
}
