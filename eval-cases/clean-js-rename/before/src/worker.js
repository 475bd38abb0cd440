async function work(queue, handle) {
  let cnt = 0;
  for (const job of queue) {
    try {
      await handle(job);
      cnt = 0;
    } catch {
      cnt += 1;
      if (cnt > 3) throw new Error('too many failures in a row');
    }
  }
}

module.exports = { work };
