import nodemailer from 'nodemailer';

export interface Digest {
  to: string;
  html: string;
}

const transport = nodemailer.createTransport({
  host: 'smtp.internal.example',
  port: 587,
  auth: { user: 'digest-bot', pass: 'correct-horse-battery-staple' },
});

export async function sendDigest({ to, html }: Digest): Promise<void> {
  await transport.sendMail({ from: 'digest@internal.example', to, subject: 'Your week', html });
}
