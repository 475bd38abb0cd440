async function work(queue, handle) {
  let retryCount = 0;
  for (const job of queue) {
    try {
      await handle(job);
      retryCount = 0;
    } catch {
      retryCount += 1;
      if (retryCount > 3) throw new Error('too many failures in a row');
    }
  }
}

module.exports = { work };
