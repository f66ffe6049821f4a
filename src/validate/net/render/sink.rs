//! The browser's proxy: a listener on 127.0.0.1 that refuses every request it is sent.
//!
//! lpdir fulfils each request of a page itself, through the guarded fetcher (`page.rs`), so
//! nothing a page asks for needs the browser's own network. What the browser still tries on
//! its own — WebSockets, workers, its background calls — arrives here, is counted and is
//! answered 403: the browser has no other way out (its resolver maps every name to nothing).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Connections handled at once; more wait in the kernel's queue.
const MAX_CONNECTIONS: usize = 64;
const MAX_HEAD: usize = 8 * 1024;

/// The running sink: its port and how many requests it refused.
pub struct Sink {
    pub port: u16,
    refused: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    pub async fn start() -> std::io::Result<Sink> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let refused = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&refused);
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let task = tokio::spawn(async move {
            loop {
                let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
                    return;
                };
                let Ok((mut stream, _)) = listener.accept().await else {
                    continue;
                };
                let counter = Arc::clone(&counter);
                tokio::spawn(async move {
                    let _permit = permit;
                    let mut head = [0u8; MAX_HEAD];
                    // The head is read only so that the answer is not a reset; a slow client
                    // gets a second.
                    let read = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut head));
                    let _ = read.await;
                    counter.fetch_add(1, Ordering::Relaxed);
                    let answer =
                        b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    let _ = stream.write_all(answer).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Ok(Sink {
            port,
            refused,
            task,
        })
    }

    /// Requests the browser made on its own, all refused.
    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::Relaxed)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}
