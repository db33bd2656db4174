import type { Namespace, Socket } from 'socket.io';
import type { AgentAuth, AgentSessionClientToServerEvents, AgentsServerToClientEvents } from '@runtime-hub/protocol';

/** What the `/agents` namespace keeps on each connection. */
export interface AgentSocketData {
  /** Set by the handshake middleware: how the connection authenticated. */
  auth: AgentAuth;
  /** Set once `agent:register` succeeded: the agent this connection speaks for. */
  agentId?: string;
}

type NoServerSideEvents = Record<string, never>;

export type AgentsNamespace = Namespace<AgentSessionClientToServerEvents, AgentsServerToClientEvents, NoServerSideEvents, AgentSocketData>;
export type AgentSocket = Socket<AgentSessionClientToServerEvents, AgentsServerToClientEvents, NoServerSideEvents, AgentSocketData>;
