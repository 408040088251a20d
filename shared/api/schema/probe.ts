// core/v1 probes and lifecycle hooks: the handlers the agent runs against a container.

import { enumOf, int32, int64, intOrString, named, obj, str, string, stringList, arrayOf, type Schema } from './common.js';

export const execAction: Schema = named(
  'io.k8s.api.core.v1.ExecAction',
  obj({ command: stringList }, { description: 'Run a command in the container; exit status 0 is success.' }),
);

export const httpHeader: Schema = named('io.k8s.api.core.v1.HTTPHeader', obj({ name: string, value: string }, { required: ['name', 'value'] }));

export const httpGetAction: Schema = named(
  'io.k8s.api.core.v1.HTTPGetAction',
  obj(
    {
      path: str('Path to access on the HTTP server (default "/").'),
      port: intOrString,
      host: str('Host name to connect to, defaults to the pod IP.'),
      scheme: enumOf(['HTTP', 'HTTPS']),
      httpHeaders: arrayOf(httpHeader),
    },
    { required: ['port'], description: 'A GET request; a status from 200 to 399 is success.' },
  ),
);

export const tcpSocketAction: Schema = named(
  'io.k8s.api.core.v1.TCPSocketAction',
  obj({ port: intOrString, host: string }, { required: ['port'], description: 'Opening a TCP connection is success.' }),
);

export const grpcAction: Schema = named('io.k8s.api.core.v1.GRPCAction', obj({ port: int32, service: string }, { required: ['port'] }));

export const probe: Schema = named(
  'io.k8s.api.core.v1.Probe',
  obj(
    {
      exec: execAction,
      httpGet: httpGetAction,
      tcpSocket: tcpSocketAction,
      grpc: grpcAction,
      initialDelaySeconds: int32,
      timeoutSeconds: int32,
      periodSeconds: int32,
      successThreshold: int32,
      failureThreshold: int32,
      terminationGracePeriodSeconds: int64,
    },
    { description: 'A health check; exactly one handler (exec, httpGet, tcpSocket, grpc).' },
  ),
);

export const sleepAction: Schema = named('io.k8s.api.core.v1.SleepAction', obj({ seconds: int64 }, { required: ['seconds'] }));

export const lifecycleHandler: Schema = named(
  'io.k8s.api.core.v1.LifecycleHandler',
  obj({ exec: execAction, httpGet: httpGetAction, tcpSocket: tcpSocketAction, sleep: sleepAction }),
);

export const lifecycle: Schema = named(
  'io.k8s.api.core.v1.Lifecycle',
  obj({ postStart: lifecycleHandler, preStop: lifecycleHandler, stopSignal: string }),
);
