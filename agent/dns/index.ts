// Service DNS for the agent (issue 5): see server.ts.
export { DnsServer, type DnsServerOptions, type ListenOptions } from './server.js';
export { answer, type Decision } from './answer.js';
export { parseResolvConf, type ResolvConf } from './resolv-conf.js';
