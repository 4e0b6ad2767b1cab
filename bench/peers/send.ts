// The "send" every program below calls: it stands for the HTTP call that posts the message.
export async function send(text: string): Promise<void> {
  console.log(`sent: ${text}`);
}
