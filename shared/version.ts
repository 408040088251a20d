// The Kubernetes API version whose conventions Edgeplane follows, and our own.
// kubectl warns when client and server differ by more than one minor version.
export const KUBE_VERSION = { major: '1', minor: '32', patch: '0' };
export const EDGEPLANE_VERSION = '0.1.0';
export const GIT_VERSION = `v${KUBE_VERSION.major}.${KUBE_VERSION.minor}.${KUBE_VERSION.patch}+edgeplane.${EDGEPLANE_VERSION}`;
