//! A DevTools-protocol connection over the browser's pipe (`--remote-debugging-pipe`): JSON
//! messages ended by a NUL byte, commands answered by id, events routed by session.
//!
//! The pipe, not a port: no other process can reach the browser's DevTools, and when lpdir
//! ends in any way (exit, panic, SIGTERM, SIGKILL) the kernel closes the pipe and the browser
//! shuts itself down.

use command_fds::{CommandFdExt, FdMapping};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::{mpsc, oneshot};

/// The largest message read from the browser: a full-page screenshot in base64 fits well.
const MAX_MESSAGE: usize = 128 * 1024 * 1024;
/// Events queued for one page before it is given up as flooding.
const EVENT_QUEUE: usize = 4096;

/// Why a command got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CdpError {
    #[error("the browser closed its connection")]
    Closed,
    #[error("the browser refused {method}: {message}")]
    Refused { method: String, message: String },
}

/// One event of a page's session.
#[derive(Debug)]
pub struct Event {
    pub method: String,
    pub params: Value,
}

type Pending = HashMap<u64, oneshot::Sender<Result<Value, CdpError>>>;

struct Shared {
    pending: Mutex<Pending>,
    sessions: Mutex<HashMap<String, mpsc::Sender<Event>>>,
    /// Sessions whose queue overflowed: their page is given up.
    flooded: Mutex<Vec<String>>,
    closed: AtomicBool,
}

/// The connection; cheap to share between the pages of one browser.
pub struct Cdp {
    shared: Arc<Shared>,
    out: std::sync::mpsc::Sender<Vec<u8>>,
    next_id: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The maps stay consistent whatever panicked while one was held: each change is one call.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Cdp {
    /// Starts `command` (a Chromium-family browser given `--remote-debugging-pipe`) with its
    /// DevTools pipe on file descriptors 3 and 4, and no standard input or output; gives the
    /// process and the connection to it.
    pub fn spawn(mut command: Command) -> std::io::Result<(Child, Cdp)> {
        let (browser_reads, lpdir_writes) = std::io::pipe()?;
        let (lpdir_reads, browser_writes) = std::io::pipe()?;
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
            .fd_mappings(vec![
                FdMapping {
                    parent_fd: browser_reads.into(),
                    child_fd: 3,
                },
                FdMapping {
                    parent_fd: browser_writes.into(),
                    child_fd: 4,
                },
            ])
            .map_err(|_| std::io::Error::other("file descriptors 3 and 4 collide"))?;
        let child = command.spawn()?;
        // The browser's ends of the pipes close here with the command: the connection then
        // sees the end of the pipe when the browser exits.
        drop(command);
        Ok((child, Cdp::new(lpdir_writes, lpdir_reads)))
    }

    /// Talks to a browser that reads `to_browser` and writes `from_browser`. Two threads do
    /// the blocking pipe I/O; they end when the pipes close.
    pub fn new(
        to_browser: impl Write + Send + 'static,
        from_browser: impl Read + Send + 'static,
    ) -> Cdp {
        let shared = Arc::new(Shared {
            pending: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
            flooded: Mutex::new(Vec::new()),
            closed: AtomicBool::new(false),
        });
        let (out, queue) = std::sync::mpsc::channel::<Vec<u8>>();
        std::thread::Builder::new()
            .name("lpdir-cdp-write".into())
            .spawn(move || write_loop(to_browser, queue))
            .ok();
        let reader = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("lpdir-cdp-read".into())
            .spawn(move || read_loop(from_browser, &reader))
            .ok();
        Cdp {
            shared,
            out,
            next_id: AtomicU64::new(1),
        }
    }

    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::SeqCst)
    }

    /// Sends a command and waits for its answer (the caller bounds the wait).
    pub async fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, CdpError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = Value::String(s.to_owned());
        }
        let (tx, rx) = oneshot::channel();
        lock(&self.shared.pending).insert(id, tx);
        if self.is_closed() {
            lock(&self.shared.pending).remove(&id);
            return Err(CdpError::Closed);
        }
        let mut bytes = serde_json::to_vec(&message).map_err(|_| CdpError::Closed)?;
        bytes.push(0);
        if self.out.send(bytes).is_err() {
            lock(&self.shared.pending).remove(&id);
            return Err(CdpError::Closed);
        }
        let answer = rx.await.unwrap_or(Err(CdpError::Closed));
        answer.map_err(|e| match e {
            CdpError::Refused { message, .. } => CdpError::Refused {
                method: method.to_owned(),
                message,
            },
            other => other,
        })
    }

    /// Sends a command whose answer nobody waits for: the browser's last one
    /// (`Browser.close`), or one sent where nothing can wait, such as in `Drop`.
    pub fn send_and_forget(&self, method: &str, params: Value) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let message = json!({ "id": id, "method": method, "params": params });
        if let Ok(mut bytes) = serde_json::to_vec(&message) {
            bytes.push(0);
            let _ = self.out.send(bytes);
        }
    }

    /// The events of one session, from now on. Dropping the receiver stops them.
    pub fn subscribe(&self, session: &str) -> mpsc::Receiver<Event> {
        let (tx, rx) = mpsc::channel(EVENT_QUEUE);
        lock(&self.shared.sessions).insert(session.to_owned(), tx);
        rx
    }

    pub fn unsubscribe(&self, session: &str) {
        lock(&self.shared.sessions).remove(session);
    }

    /// Whether a session's events overflowed (its page made the browser send too many).
    pub fn flooded(&self, session: &str) -> bool {
        lock(&self.shared.flooded).iter().any(|s| s == session)
    }
}

fn write_loop(mut pipe: impl Write, queue: std::sync::mpsc::Receiver<Vec<u8>>) {
    while let Ok(bytes) = queue.recv() {
        if pipe.write_all(&bytes).and_then(|()| pipe.flush()).is_err() {
            return;
        }
    }
}

fn read_loop(pipe: impl Read, shared: &Shared) {
    let mut reader = BufReader::with_capacity(1 << 16, pipe);
    let mut message = Vec::new();
    loop {
        message.clear();
        match read_message(&mut reader, &mut message) {
            Ok(true) => dispatch(shared, &message),
            Ok(false) | Err(_) => break,
        }
    }
    shared.closed.store(true, Ordering::SeqCst);
    for (_, waiting) in lock(&shared.pending).drain() {
        let _ = waiting.send(Err(CdpError::Closed));
    }
    lock(&shared.sessions).clear();
}

/// Reads up to the next NUL; false at the end of the pipe. A message over `MAX_MESSAGE`
/// ends the connection: the browser is not behaving.
fn read_message(reader: &mut impl BufRead, message: &mut Vec<u8>) -> std::io::Result<bool> {
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(false);
        }
        let (taken, done) = match available.iter().position(|b| *b == 0) {
            Some(end) => {
                message.extend_from_slice(&available[..end]);
                (end + 1, true)
            }
            None => {
                message.extend_from_slice(available);
                (available.len(), false)
            }
        };
        reader.consume(taken);
        if message.len() > MAX_MESSAGE {
            return Err(std::io::Error::other("a DevTools message over the limit"));
        }
        if done {
            return Ok(true);
        }
    }
}

fn dispatch(shared: &Shared, bytes: &[u8]) {
    let Ok(mut value) = serde_json::from_slice::<Value>(bytes) else {
        return;
    };
    if let Some(id) = value.get("id").and_then(Value::as_u64) {
        let Some(waiting) = lock(&shared.pending).remove(&id) else {
            return;
        };
        let answer = match value.get_mut("error") {
            Some(error) => Err(CdpError::Refused {
                method: String::new(),
                message: error
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown error")
                    .to_owned(),
            }),
            None => Ok(value
                .get_mut("result")
                .map(Value::take)
                .unwrap_or(Value::Null)),
        };
        let _ = waiting.send(answer);
        return;
    }
    let (Some(method), Some(session)) = (
        value
            .get("method")
            .and_then(Value::as_str)
            .map(str::to_owned),
        value
            .get("sessionId")
            .and_then(Value::as_str)
            .map(str::to_owned),
    ) else {
        return;
    };
    let params = value
        .get_mut("params")
        .map(Value::take)
        .unwrap_or(Value::Null);
    let mut sessions = lock(&shared.sessions);
    if let Some(tx) = sessions.get(&session)
        && tx.try_send(Event { method, params }).is_err()
    {
        sessions.remove(&session);
        lock(&shared.flooded).push(session);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_split_at_nul_and_bounded() {
        let mut reader = BufReader::new(&b"{\"a\":1}\0{\"b\":2}\0tail"[..]);
        let mut m = Vec::new();
        assert!(read_message(&mut reader, &mut m).unwrap());
        assert_eq!(m, b"{\"a\":1}");
        m.clear();
        assert!(read_message(&mut reader, &mut m).unwrap());
        assert_eq!(m, b"{\"b\":2}");
        m.clear();
        assert!(!read_message(&mut reader, &mut m).unwrap());
    }
}
