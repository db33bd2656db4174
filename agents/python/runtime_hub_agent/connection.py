"""
The agent's own reconnect loop (Socket.IO's is off), run on one background thread:

    until stopped:
        pick the handshake auth: a signature with the stored key, or the enrollment token and
            a new public key when there is no key (or the coordinator refused it and a token
            is at hand)
        connect a fresh transport                       -- failure: backoff, try again
        run a session: register, then serve             -- also a failure of the FIRST connect
        the session ended: backoff, try again

A refused signature or an UNAUTHORIZED registration makes the next attempt enroll with the
token; without a token the agent cannot go on and stops with AgentFatalError. A refused enroll
token (unknown, expired, used up, revoked) and a revoked agent stop it at once: retrying forever
would only hide the problem from the operator.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Optional

from .agent_fatal_error import AgentFatalError
from .backoff import Backoff
from .agent_key import AgentKey
from .connect_error import FATAL_REFUSAL_CODES, NOT_ABOUT_CREDENTIAL_CODES, RATE_LIMITED_CODE, ConnectError
from .credential_file_error import CredentialFileError
from .credentials import CredentialStore
from .defaults import CONNECT_TIMEOUT_S
from .messages import SCHEMA_AUTH, MessageSchemas
from .registration_refused_error import RegistrationRefusedError
from .session import Session
from .transport import Transport

_log = logging.getLogger(__name__)


class Connection:
    def __init__(
        self,
        *,
        url: str,
        enroll_token: Optional[str],
        credentials: CredentialStore,
        schemas: MessageSchemas,
        transport_factory: Callable[[], Transport],
        session_factory: Callable[[Transport], Session],
        backoff: Backoff,
        stop: threading.Event,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        on_registered: Callable[[str], None] = lambda agent_id: None,
        on_disconnected: Callable[[], None] = lambda: None,
    ) -> None:
        #: Every coordinator replica given (`--url a,b`); after a failed attempt or a lost
        #: connection the next one is tried, so the agent is back within the first backoff.
        self._urls = [part for part in url.split(",") if part] or [url]
        self._url_index = 0
        self._enroll_token = enroll_token
        self._credentials = credentials
        self._schemas = schemas
        self._transport_factory = transport_factory
        self._session_factory = session_factory
        self._backoff = backoff
        self._stop = stop
        self._connect_timeout_s = connect_timeout_s
        self._on_registered = on_registered
        self._on_disconnected = on_disconnected
        #: The coordinator refused the stored credential: enroll with the token next time.
        self._credential_refused = False
        #: The key pair of an enrollment in progress: stored once the coordinator acknowledged it.
        self._enrolling_key: Optional[AgentKey] = None
        self._transport: Optional[Transport] = None
        self._transport_lock = threading.Lock()
        self.fatal_error: Optional[AgentFatalError] = None
        #: The wait a rate-limited handshake asked for, honoured by the next backoff.
        self._retry_after_s = 0.0

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                auth = self._auth()
            except AgentFatalError as error:
                self._fail(error)
                return
            transport = self._transport_factory()
            session = self._session_factory(transport)
            with self._transport_lock:
                self._transport = transport
            try:
                self._serve(transport, session, auth)
            except AgentFatalError as error:
                self._fail(error)
                return
            except Exception:  # noqa: BLE001 - a bug in one session must not end the reconnect loop
                _log.exception("session failed unexpectedly; reconnecting")
            finally:
                with self._transport_lock:
                    self._transport = None
                transport.disconnect()
            if session.credential_revoked:
                # A revoked agent stays out until an administrator enrolls it again on purpose.
                self._fail(AgentFatalError("the coordinator revoked this agent (agent:error REVOKED)"))
                return
            if self._stop.is_set():
                return
            self._url_index = (self._url_index + 1) % len(self._urls)
            delay_s = self._backoff.wait(self._retry_after_s)
            self._retry_after_s = 0.0
            _log.debug("reconnect waited", extra={"delayS": round(delay_s, 3), "failures": self._backoff.failures})

    @property
    def _url(self) -> str:
        return self._urls[self._url_index]

    def interrupt(self) -> None:
        """Ends the current connection (the agent is stopping)."""
        with self._transport_lock:
            transport = self._transport
        if transport is not None:
            transport.disconnect()

    def _serve(self, transport: Transport, session: Session, auth: dict[str, Any]) -> None:
        try:
            transport.connect(self._url, auth, self._connect_timeout_s)
        except ConnectError as error:
            if error.refused and error.code in FATAL_REFUSAL_CODES:
                raise AgentFatalError(str(error)) from error
            # Only a refused credential makes the next attempt enroll; a rate-limited or
            # unavailable coordinator said nothing about the key.
            if error.refused and auth["type"] == "signature" and error.code not in NOT_ABOUT_CREDENTIAL_CODES:
                self._credential_refused = True
            if error.refused and error.code == RATE_LIMITED_CODE:
                self._retry_after_s = error.retry_after_s
            _log.warning("cannot connect to the coordinator", extra={"url": self._url, "error": str(error), "failures": self._backoff.failures + 1})
            return
        registered = False

        def on_registered(ack: dict[str, Any]) -> None:
            nonlocal registered
            registered = True
            if auth["type"] == "enroll" and self._enrolling_key is not None:
                try:
                    self._credentials.save(ack["agentId"], self._enrolling_key, self._url)
                    self._enrolling_key = None
                    _log.info("enrolled; private key stored", extra={"agentId": ack["agentId"], "file": str(self._credentials.path)})
                except OSError as error:
                    # The session works without the file; only the next start would need the token again.
                    _log.error("enrolled, but the credential could not be stored",
                               extra={"file": str(self._credentials.path), "error": str(error)})
            self._credential_refused = False
            self._backoff.mark_connected()
            _log.info("registered with the coordinator", extra={"agentId": ack["agentId"], "heartbeatIntervalMs": ack["heartbeatIntervalMs"]})
            self._on_registered(ack["agentId"])

        try:
            session.run(self._stop, on_registered)
        except RegistrationRefusedError as error:
            _log.error("the coordinator refused the registration", extra={"code": error.code, "reason": error.message})
            if error.code == "REVOKED":
                raise AgentFatalError(f"{error}; this agent was revoked") from error
            if error.code == "CONFLICT":
                # The name belongs to another agent: trying again cannot change that.
                raise AgentFatalError(str(error)) from error
            if error.credential_refused:
                self._credential_refused = True
                if not self._enroll_token:
                    raise AgentFatalError(f"{error}; enroll again with --enroll-token (or RH_ENROLL_TOKEN)") from error
        except ConnectError as error:
            _log.warning("registration failed", extra={"error": str(error)})
        finally:
            if registered:
                self._backoff.mark_disconnected()
                self._on_disconnected()
                if not self._stop.is_set():
                    _log.warning("disconnected from the coordinator; reconnecting")

    def _auth(self) -> dict[str, Any]:
        """The handshake auth (libs/protocol agent.schema.ts, AgentAuthSchema)."""
        try:
            stored = self._credentials.load()
        except CredentialFileError as error:
            raise AgentFatalError(str(error)) from error
        if stored is not None and stored.coordinator_url.rstrip("/") not in [candidate.rstrip("/") for candidate in self._urls] and self._enroll_token:
            _log.warning("stored credential was issued by another coordinator; enrolling",
                         extra={"issuedBy": stored.coordinator_url, "url": self._url})
            stored = None
        if stored is not None and not (self._credential_refused and self._enroll_token):
            auth: dict[str, Any] = stored.key().sign_handshake(stored.agent_id)
        elif self._enroll_token:
            self._enrolling_key = AgentKey.generate()
            auth = {"type": "enroll", "enrollToken": self._enroll_token, "publicKey": self._enrolling_key.public_key}
        else:
            raise AgentFatalError(
                f"no credential in {self._credentials.path} and no enrollment token: pass --enroll-token or set RH_ENROLL_TOKEN"
            )
        self._schemas.check(SCHEMA_AUTH, auth)
        return auth

    def _fail(self, error: AgentFatalError) -> None:
        _log.critical("the agent cannot go on", extra={"error": str(error)})
        self.fatal_error = error
        self._stop.set()
