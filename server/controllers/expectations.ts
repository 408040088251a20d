// ControllerExpectations (k8s.io/kubernetes/pkg/controller/controller_utils.go):
// before a controller creates or deletes N pods it records that it expects to
// see N such events; until its cache has observed them (or the expectation
// expired) it does not create or delete again, so a burst of creates is never
// repeated because the watch had not caught up yet.

/** Kubernetes' ExpectationsTimeout: a lost event cannot block a controller forever */
const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  at: number;
}

export class Expectations {
  private readonly map = new Map<string, Expectation>();

  constructor(private readonly now: () => number = Date.now) {}

  /** true when the controller may act on its cache for this key */
  satisfied(key: string): boolean {
    const e = this.map.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.at > EXPECTATIONS_TIMEOUT_MS;
  }

  expect(key: string, add: number, del: number): void {
    this.map.set(key, { add, del, at: this.now() });
  }

  creationObserved(key: string): void {
    const e = this.map.get(key);
    if (e) e.add--;
  }

  deletionObserved(key: string): void {
    const e = this.map.get(key);
    if (e) e.del--;
  }

  delete(key: string): void {
    this.map.delete(key);
  }
}
