//! The listening socket, set up so that connections to peers that vanished
//! (a laptop closed mid-request, a client killed without a FIN) do not hold
//! a server thread forever.
//!
//! `conn.rs` bounds the time to read a request head; once a response or an
//! event stream is being written, only the socket can notice a vanished
//! peer. Linux copies TCP keep-alive and user-timeout settings from the
//! listening socket to every socket it accepts, so setting them here covers
//! every connection: an idle connection whose peer is gone is probed after
//! [`IDLE`] and closed after [`PROBES`] unanswered probes, and data a peer
//! never acknowledges (an event stream to a dead browser) fails after
//! [`UNACKED`]. A live but slow client is not affected (it costs one thread).

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

pub const IDLE: Duration = Duration::from_secs(30);
pub const INTERVAL: Duration = Duration::from_secs(10);
pub const PROBES: u32 = 3;
pub const UNACKED: Duration = Duration::from_secs(60);

/// Bind `addr` with the dead-peer settings above (best effort: a platform
/// without them still serves).
pub fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let listener = TcpListener::bind(addr)?;
    let _ = dead_peer_timeouts(&listener);
    Ok(listener)
}

#[cfg(target_os = "linux")]
fn dead_peer_timeouts(listener: &TcpListener) -> io::Result<()> {
    use rustix::net::sockopt;
    sockopt::set_socket_keepalive(listener, true)?;
    sockopt::set_tcp_keepidle(listener, IDLE)?;
    sockopt::set_tcp_keepintvl(listener, INTERVAL)?;
    sockopt::set_tcp_keepcnt(listener, PROBES)?;
    let millis = u32::try_from(UNACKED.as_millis()).unwrap_or(u32::MAX);
    sockopt::set_tcp_user_timeout(listener, millis)?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn dead_peer_timeouts(listener: &TcpListener) -> io::Result<()> {
    rustix::net::sockopt::set_socket_keepalive(listener, true)?;
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The server side of an accepted connection has a keep-alive timer
    /// running, as /proc/net/tcp shows (timer kind 2), so a peer that
    /// vanishes is noticed.
    #[test]
    fn accepted_connections_inherit_keep_alive() {
        let listener = listen("127.0.0.1:0".parse().unwrap()).unwrap();
        let port = listener.local_addr().unwrap().port();
        let _client = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let (_server_side, _) = listener.accept().unwrap();
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
        let local = format!(":{port:04X}");
        let timers: Vec<&str> = table
            .lines()
            .skip(1)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split_whitespace().collect();
                // local address, state 01 (established), timer "kind:when".
                (cols.get(1)?.ends_with(&local) && cols.get(3)? == &"01")
                    .then(|| cols.get(5).copied())
                    .flatten()
            })
            .collect();
        assert_eq!(timers.len(), 1, "{table}");
        assert!(timers[0].starts_with("02:"), "timer {}", timers[0]);
    }
}
