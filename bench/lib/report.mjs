/** Sends a message to the parent over IPC (or prints it when run by hand) and waits until it is out. */
export function report(msg) {
  return new Promise((resolve) => {
    if (process.send) process.send(msg, () => resolve());
    else {
      console.log(JSON.stringify(msg));
      resolve();
    }
  });
}
