// core/v1 Event (the form kubectl describe and `kubectl get events` read).

import { int32, kindSchema, microTime, named, obj, str, string, time, type Schema } from './common.js';
import { objectReference } from './endpoints.js';
import { objectMeta } from './metadata.js';

export const eventSource: Schema = named('io.k8s.api.core.v1.EventSource', obj({ component: string, host: string }));

export const eventSeries: Schema = named('io.k8s.api.core.v1.EventSeries', obj({ count: int32, lastObservedTime: microTime }));

export const event: Schema = kindSchema(
    'io.k8s.api.core.v1.Event',
    '',
    'Event',
    {
      involvedObject: objectReference,
      reason: str('Short, machine understandable cause, e.g. Scheduled, BackOff.'),
      message: string,
      source: eventSource,
      firstTimestamp: time,
      lastTimestamp: time,
      count: int32,
      type: str('Normal or Warning.'),
      eventTime: microTime,
      series: eventSeries,
      action: string,
      related: objectReference,
      reportingComponent: string,
      reportingInstance: string,
    },
  'A report of something that happened to an object.',
  objectMeta,
  ['involvedObject'],
);
