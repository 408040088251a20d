// Pod events the worker emits (the agent turns them into Event objects).

export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface PodEvent {
  pod: PodRef;
  type: 'Normal' | 'Warning';
  /** Kubelet's reasons: Pulling, Pulled, Failed, BackOff, Created, Started, Killing, FailedCreatePodSandBox, ... */
  reason: string;
  message: string;
  /** Container the event is about, as the fieldPath `spec.containers{name}` in Kubernetes. */
  container?: string;
}
