//! `deploy/local-cluster.sh` driven by a test or a benchmark: the same script an operator
//! runs, on ports and a directory of the caller's own, so that several clusters (and
//! `just cluster`) can run side by side.

use std::path::PathBuf;
use std::process::Command;

/// Where one cluster lives: its directory, ports and binary.
#[derive(Debug, Clone)]
pub struct LocalCluster {
    /// The workspace root (the caller's `CARGO_MANIFEST_DIR`), which holds `deploy/`.
    pub root: PathBuf,
    pub dir: PathBuf,
    pub binary: PathBuf,
    pub primary_port: u16,
    pub standby_port: u16,
    pub balancer_port: u16,
    pub instance_ports: [u16; 2],
}

impl LocalCluster {
    /// `deploy/local-cluster.sh ARGS` for this cluster, not yet run. The caller's own
    /// `TIETOLUPA_*` variables (a test harness's, say) are removed: the instances would
    /// refuse them as unknown settings. Add settings for the instances with `.env`.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(self.root.join("deploy/local-cluster.sh"));
        for (name, _) in std::env::vars() {
            if name.starts_with("TIETOLUPA_") {
                command.env_remove(name);
            }
        }
        command
            .args(args)
            .env("CLUSTER_DIR", &self.dir)
            .env("CLUSTER_BIN", &self.binary)
            .env("CLUSTER_PRIMARY_PORT", self.primary_port.to_string())
            .env("CLUSTER_STANDBY_PORT", self.standby_port.to_string())
            .env("CLUSTER_LB_PORT", self.balancer_port.to_string())
            .env("CLUSTER_A_PORT", self.instance_ports[0].to_string())
            .env("CLUSTER_B_PORT", self.instance_ports[1].to_string())
            // One load generator on one address would be all "anonymous traffic".
            .env("TIETOLUPA_RATE_LIMIT_ANONYMOUS_PER_MINUTE", "100000000")
            .env("TIETOLUPA_RATE_LIMIT_ANONYMOUS_BURST", "100000000");
        command
    }

    /// Stops whatever an earlier, interrupted run left in the directory and removes it.
    pub fn clear(&self) {
        let _ = self.command(&["stop"]).output();
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir).expect("remove the last run's cluster");
        }
    }

    pub fn database_url(&self, port: u16) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/tietolupa")
    }
}
