/**
 * Notifications on a real coordinator: a failing run sends a signed webhook to a local receiver
 * and an email to a local SMTP server started here (smtp-server); a receiver that never answers
 * holds up neither the runs nor the other notifications, and ends as a visible failed delivery.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { NotificationDeliveryRecord, NotificationPayload, NotificationRuleCreated } from '@runtime-hub/protocol';
import { bootEngine, failure, waitFor, type EngineHarness, type FakeAgent } from '../engine/engine.harness';
import { storeWorkflow } from './schedules.harness';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

async function listen(server: Server | SMTPServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return ((server as Server).address?.() as AddressInfo | null)?.port ?? ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
}

describe('notifications', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;
  let workflowId: string;
  const webhooks: Received[] = [];
  const mails: string[] = [];
  /** Requests the stalled receiver holds open, never answering. */
  const held: ServerResponse[] = [];
  let receiver: Server;
  let stalled: Server;
  let smtp: SMTPServer;
  let receiverUrl: string;
  let stalledUrl: string;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        webhooks.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    stalled = createServer((_request, response) => held.push(response));
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        let text = '';
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => {
          mails.push(text);
          callback();
        });
      },
    });
    receiverUrl = `http://127.0.0.1:${await listen(receiver)}/hook`;
    stalledUrl = `http://127.0.0.1:${await listen(stalled)}/never`;
    const smtpPort = await listen(smtp);
    hub = await bootEngine({
      RH_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      RH_SMTP_FROM: 'hub@example.test',
      // Tries of the stalled receiver end within the test: 3 tries, 1.5 s each, short backoff.
      RH_NOTIFY_MAX_ATTEMPTS: '3',
      RH_NOTIFY_TIMEOUT_MS: '1500',
      RH_NOTIFY_BACKOFF_MS: '100',
    });
    agent = await hub.agent('host-a');
    agent.autoRun((task) => (task.inputs.fail === true ? failure('NODE_FAILED', 'the report could not be built', false) : { output: {} }));
    workflowId = await storeWorkflow(hub, 'report', { inputs: { fail: { type: 'boolean', default: false } } });
  });

  afterAll(async () => {
    for (const response of held) response.destroy();
    await hub?.close();
    await new Promise((resolve) => receiver.close(resolve));
    stalled.closeAllConnections();
    await new Promise((resolve) => stalled.close(resolve));
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  async function rule(body: Record<string, unknown>): Promise<NotificationRuleCreated> {
    const response = await hub.request<NotificationRuleCreated>('POST', '/api/notifications', { body: { scope: 'workflow', scopeId: workflowId, ...body } });
    if (response.status !== 201) throw new Error(`rule: ${response.status} ${response.text}`);
    return response.body;
  }

  async function deliveries(query = ''): Promise<NotificationDeliveryRecord[]> {
    return (await hub.request<{ items: NotificationDeliveryRecord[] }>('GET', `/api/notifications/deliveries${query}`)).body.items;
  }

  it('a failing run sends a signed webhook and an email; a stalled receiver delays neither them nor the runs, and ends failed and visible', async () => {
    // ARRANGE: three rules on the workflow; one receiver accepts and never answers
    const dead = await rule({ webhookUrl: stalledUrl });
    const live = await rule({ webhookUrl: receiverUrl });
    const email = await rule({ emailTo: ['ops@example.test'] });
    expect(live.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(email.secret).toBeNull();

    // ACT: a run fails
    const failed = await hub.startRun({ workflowId, inputs: { fail: true } });
    await hub.waitForRun(failed.id, (run) => run.status === 'failed', 'the run to fail');

    // ASSERT: the webhook and the email arrive while the stalled receiver still holds its request
    const hook = await waitFor(() => webhooks.find((entry) => entry.body.includes(failed.id)), 'the webhook notification');
    expect(held.length).toBeGreaterThanOrEqual(1);
    const payload = JSON.parse(hook.body) as NotificationPayload;
    expect(payload).toMatchObject({ event: 'failed', subjectKind: 'run', subjectId: failed.id, scope: 'workflow', scopeId: workflowId, path: `/runs/${failed.id}` });
    expect(payload.summary).toBe(`run ${failed.id} of "report" failed: the report could not be built`);
    expect(hook.headers['x-runtime-hub-signature']).toBe(`sha256=${createHmac('sha256', live.secret!).update(hook.body).digest('hex')}`);
    expect(hook.headers['x-runtime-hub-event']).toBe('run.failed');
    const mail = await waitFor(() => mails.find((text) => text.includes(failed.id)), 'the email');
    expect(mail).toMatch(/^Subject: \[Runtime Hub\] run failed: report$/m);
    expect(mail).toContain(`of "report" failed: the report`);
    expect(mail).toContain('To: ops@example.test');
    expect(mail).toContain('From: hub@example.test');

    // ... and a run started now finishes while that request is still held: runs never wait for notifications
    const next = await hub.startRun({ workflowId, inputs: { fail: false } });
    await hub.waitForRun(next.id, (run) => run.status === 'succeeded', 'a run after the stalled delivery');
    expect(held.length).toBeGreaterThanOrEqual(1);

    // The stalled delivery is tried 3 times, each cut at its timeout, then failed with its reason.
    const deadDelivery = await waitFor(async () => (await deliveries('?status=failed')).find((entry) => entry.ruleId === dead.rule.id), 'the stalled delivery to fail', 30_000);
    expect(deadDelivery).toMatchObject({ status: 'failed', attempts: 3, subjectId: failed.id, channel: 'webhook', target: stalledUrl });
    expect(deadDelivery.lastError).toMatch(/aborted|timeout/i);
    const sent = (await deliveries('?status=sent')).map((entry) => entry.ruleId).sort();
    expect(sent).toEqual([live.rule.id, email.rule.id].sort());
    // A succeeding run notifies nobody: no rule asked for successes.
    expect((await deliveries()).filter((entry) => entry.subjectId === next.id)).toEqual([]);
  }, 60_000);

  it('the run of a schedule and a finished batch notify the rules on them (success when asked for)', async () => {
    const schedule = (await hub.request<{ id: string }>('POST', '/api/schedules', { body: { name: 'nightly-report', workflowId, cron: '0 3 * * *' } })).body;
    const onSchedule = await rule({ scope: 'schedule', scopeId: schedule.id, webhookUrl: receiverUrl, onSuccess: true });
    const fire = (await hub.request<{ runId: string }>('POST', `/api/schedules/${schedule.id}/run`)).body;
    const scheduled = await waitFor(() => webhooks.find((entry) => entry.body.includes(fire.runId)), 'the schedule notification');
    expect(scheduled.headers['x-runtime-hub-signature']).toBe(`sha256=${createHmac('sha256', onSchedule.secret!).update(scheduled.body).digest('hex')}`);
    expect(JSON.parse(scheduled.body)).toMatchObject({ event: 'succeeded', scope: 'schedule', scopeId: schedule.id, subjectId: fire.runId });

    // The batch's items are held until its rule exists.
    await agent.stopAutoRun();
    const batch = (await hub.request<{ id: string }>('POST', '/api/batches', { body: { workflowId, name: 'two-reports', items: [{ fail: false }, { fail: true }] } })).body;
    const onBatch = await rule({ scope: 'batch', scopeId: batch.id, webhookUrl: receiverUrl });
    agent.autoRun((task) => (task.inputs.fail === true ? failure('NODE_FAILED', 'the report could not be built', false) : { output: {} }));
    const finished = await waitFor(() => webhooks.find((entry) => entry.body.includes(`"subjectId":"${batch.id}"`)), 'the batch notification');
    const payload = JSON.parse(finished.body) as NotificationPayload;
    expect(payload).toMatchObject({ event: 'failed', subjectKind: 'batch', scope: 'batch', scopeId: batch.id, path: `/batches/${batch.id}` });
    expect(payload.summary).toBe('batch "two-reports" of "report" finished: 1 succeeded, 1 failed, 0 cancelled of 2');
    expect(finished.headers['x-runtime-hub-signature']).toBe(`sha256=${createHmac('sha256', onBatch.secret!).update(finished.body).digest('hex')}`);
  });

  it('refuses a rule for something that does not exist, and email without an SMTP server named', async () => {
    const unknown = await hub.request<{ error: { message: string } }>('POST', '/api/notifications', { body: { scope: 'schedule', scopeId: 'nope', webhookUrl: receiverUrl } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('schedule "nope" not found');
    const both = await hub.request('POST', '/api/notifications', { body: { scope: 'workflow', scopeId: workflowId, webhookUrl: receiverUrl, emailTo: ['a@b.test'] } });
    expect(both.status).toBe(400);
  });
});
