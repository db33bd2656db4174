import type { Namespace, Socket } from 'socket.io';
import type { AgentsClientToServerEvents, AgentsServerToClientEvents } from '@runtime-hub/protocol';

/** How a connection authenticated, as the handshake (agent-handshake.ts) accepted it. */
export type AuthenticatedHandshake =
  | {
      readonly type: 'enroll';
      /** The agent's new key; undefined: it enrolled without one (its identity lasts this session). */
      readonly publicKey: string | undefined;
      /** Granted by the enroll token: the agent's labels (declared ones are not granted by declaring them). */
      readonly tokenLabels: readonly string[];
      /**
       * The shared development token (RH_ENROLL_TOKEN) grants the labels an agent declares at
       * enrollment: whoever holds it is trusted like an administrator. Enroll tokens never do.
       */
      readonly grantsDeclaredLabels: boolean;
      /** Null: the shared development token. */
      readonly enrollTokenId: string | null;
    }
  | { readonly type: 'signature'; readonly agentId: string };

/** What the `/agents` namespace keeps on each connection. */
export interface AgentSocketData {
  /** Set by the handshake middleware: how the connection authenticated. */
  auth: AuthenticatedHandshake;
  /** Set once `agent:register` succeeded: the agent this connection speaks for. */
  agentId?: string;
}

type NoServerSideEvents = Record<string, never>;

export type AgentsNamespace = Namespace<AgentsClientToServerEvents, AgentsServerToClientEvents, NoServerSideEvents, AgentSocketData>;
export type AgentSocket = Socket<AgentsClientToServerEvents, AgentsServerToClientEvents, NoServerSideEvents, AgentSocketData>;
