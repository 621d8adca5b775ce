//! A TCP proxy that a test can cut, to make a database unreachable without stopping the
//! server that other tests share: every connection through it closes at once, and nothing
//! listens on its port until it is resumed.

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct TcpProxy {
    address: SocketAddr,
    target: String,
    /// True while cut: open connections end on it.
    cut: watch::Sender<bool>,
    accepting: Option<JoinHandle<()>>,
}

impl TcpProxy {
    /// A proxy to `target` (`host:port`) on a free loopback port.
    pub async fn start(target: &str) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a proxy port");
        let mut proxy = TcpProxy {
            address: listener.local_addr().expect("a bound port"),
            target: target.to_owned(),
            cut: watch::Sender::new(false),
            accepting: None,
        };
        proxy.accept_on(listener);
        proxy
    }

    /// A proxy to the PostgreSQL server of `TIETOLUPA_TEST_POSTGRES_URL`.
    pub async fn to_postgres() -> TcpProxy {
        let url = crate::database::maintenance_url();
        TcpProxy::start(authority(&url).expect("a PostgreSQL URL names its host")).await
    }

    /// `url` with its host and port replaced by the proxy's, e.g. a test database's URL
    /// made to go through the proxy.
    pub fn route(&self, url: &str) -> String {
        let authority = authority(url).expect("a URL with a host");
        url.replacen(authority, &self.address.to_string(), 1)
    }

    /// Closes every connection and the port: connecting is refused from now on.
    pub fn cut(&mut self) {
        if let Some(accepting) = self.accepting.take() {
            accepting.abort();
        }
        self.cut.send_replace(true);
    }

    /// Listens again on the same port.
    pub async fn resume(&mut self) {
        self.cut.send_replace(false);
        let listener = TcpListener::bind(self.address)
            .await
            .expect("bind the proxy port again");
        self.accept_on(listener);
    }

    fn accept_on(&mut self, listener: TcpListener) {
        let target = self.target.clone();
        let cut = self.cut.subscribe();
        self.accepting = Some(tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(forward(client, target.clone(), cut.clone()));
            }
        }));
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.cut();
    }
}

async fn forward(mut client: TcpStream, target: String, mut cut: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(&target).await else {
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        _ = cut.wait_for(|cut| *cut) => {}
    }
}

/// The `host:port` of `scheme://user@host:port/path`.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?']).next()?;
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    Some(host).filter(|h| !h.is_empty())
}
