// Protective limits for the embedded broker (design.md §3: drainTimeout,
// maxTopicLevels, connectTimeout, payload limits).

export const BROKER_LIMITS = {
  /** largest MQTT packet accepted (a desired set with ConfigMaps must fit); bigger → client disconnected */
  maxPacketBytes: 256 * 1024,
  /** CONNECT must arrive this soon after the TCP/WebSocket connection opens */
  connectTimeoutMs: 5_000,
  /** a client whose socket does not drain for this long is dropped (frozen dashboards) */
  drainTimeoutMs: 10_000,
  /** longest keepalive a client may ask for, seconds (agents use 5 s) */
  keepaliveLimitS: 60,
  maxClientIdLength: 80,
  /** our deepest topic is edgeplane/nodes/<n>/pods/<ns>/<pod>/status: 7 levels */
  maxTopicLevels: 8,
  maxTopicBytes: 512,
  queueLimit: 42,
} as const;
