import { createHmac } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';

/** The header a webhook notification's signature travels in: `sha256=<hex of HMAC-SHA256(secret, body)>`. */
export const NOTIFICATION_SIGNATURE_HEADER = 'x-runtime-hub-signature';
export const NOTIFICATION_EVENT_HEADER = 'x-runtime-hub-event';
export const NOTIFICATION_DELIVERY_HEADER = 'x-runtime-hub-delivery';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * The two ways out: a signed JSON POST, and an email through the SMTP server of RH_SMTP_URL
 * (nodemailer). Each try gives up after RH_NOTIFY_TIMEOUT_MS, so a dead or stalled receiver
 * costs one slot of the notification worker for that long and nothing else. A non-2xx answer
 * or an SMTP error throws: the delivery is tried again with backoff.
 */
@Injectable()
export class NotificationSenders implements OnApplicationShutdown {
  private transport: Transporter | undefined;

  constructor(@Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig) {}

  async webhook(url: string, secret: string, body: string, headers: { event: string; deliveryId: string }): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [NOTIFICATION_SIGNATURE_HEADER]: signBody(secret, body),
        [NOTIFICATION_EVENT_HEADER]: headers.event,
        [NOTIFICATION_DELIVERY_HEADER]: headers.deliveryId,
      },
      body,
      signal: AbortSignal.timeout(this.config.notifications.timeoutMs),
      redirect: 'error',
    });
    // The answer's body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  }

  async email(mail: OutgoingMail): Promise<void> {
    await this.mailer().sendMail({ from: this.config.notifications.smtpFrom, to: mail.to, subject: mail.subject, text: mail.text });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  private mailer(): Transporter {
    const url = this.config.notifications.smtpUrl;
    if (url === undefined) throw new Error('email notifications need RH_SMTP_URL (smtp://host:port)');
    const timeoutMs = this.config.notifications.timeoutMs;
    this.transport ??= nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    return this.transport;
  }
}
