#!/usr/bin/env bash
# A real single-node Slurm on this machine for the cluster tests (docs/cluster.md): installs Debian's
# slurm-wlm, munge and openssh-server when missing, writes a slurm.conf for this host (2 CPUs, no
# cgroups: the machine may be a container), starts munged, slurmctld, slurmd and an sshd on
# 127.0.0.1:2222 that accepts a throwaway key for root. Prints the environment the tests read
# (CISGRAM_TEST_SSH_*) into $STATE/env. Safe to run again: restarts what it started.
# Exits 0 when sbatch works, non-zero with a reason otherwise (CI goes on; the tests then skip).
set -uo pipefail
STATE=${CISGRAM_CI_STATE:-/var/tmp/cisgram-ci}
mkdir -p "$STATE"
say() { echo "slurm-up: $*"; }
fail() { say "$*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (starts slurmctld/slurmd/sshd)"

export DEBIAN_FRONTEND=noninteractive
need=()
command -v slurmctld >/dev/null 2>&1 || need+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || need+=(munge)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >"$STATE/apt.log" 2>&1 || fail "apt-get install ${need[*]} failed (see $STATE/apt.log)"
fi

host=$(hostname -s)
mem_mb=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)
for p in slurmd slurmctld munged; do [ -f "$STATE/$p.pid" ] && kill "$(cat "$STATE/$p.pid")" 2>/dev/null; done
sleep 1

# munge: a key, its folders, the daemon (as the munge user when it exists).
mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
if id munge >/dev/null 2>&1; then
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
  chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key; chmod 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid || fail "munged did not start"
  cp /run/munge/munged.pid "$STATE/munged.pid" 2>/dev/null
else
  /usr/sbin/munged --force || fail "munged did not start"
fi

mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat >/etc/slurm/slurm.conf <<CONF
# Written by Cisgram's .ci/slurm-up.sh: one node, this host, no cgroups, no accounting daemon.
ClusterName=cisgram-ci
SlurmctldHost=$host
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=600
NodeName=$host CPUs=2 RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
# Debian's cgroup.conf defaults would be read by nothing here; make sure none asks for cgroups.
rm -f /etc/slurm/cgroup.conf

/usr/sbin/slurmctld -c >"$STATE/slurmctld.out" 2>&1 || fail "slurmctld did not start (see /var/log/slurm/slurmctld.log)"
/usr/sbin/slurmd >"$STATE/slurmd.out" 2>&1 || fail "slurmd did not start (see /var/log/slurm/slurmd.log)"
for _ in $(seq 1 30); do
  state=$(sinfo -h -N -o '%t' 2>/dev/null | head -1)
  case "$state" in idle*|mix*|alloc*) break ;; esac
  sleep 1
done
case "$state" in
  idle*|mix*|alloc*) say "slurm node $host is $state ($mem_mb MB, 2 CPUs)" ;;
  *) scontrol update nodename="$host" state=resume >/dev/null 2>&1; sleep 2; state=$(sinfo -h -N -o '%t' | head -1)
     case "$state" in idle*|mix*) say "slurm node $host is $state after resume" ;; *) fail "the slurm node is '${state:-absent}' (see /var/log/slurm/slurmd.log)";; esac ;;
esac

# sshd on 127.0.0.1:2222 with a throwaway key (the tests' "login node").
key="$STATE/id_ed25519"
[ -f "$key" ] || ssh-keygen -q -t ed25519 -N '' -f "$key" -C cisgram-ci
[ -f "$STATE/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$STATE/ssh_host_ed25519_key"
cp "$key.pub" "$STATE/authorized_keys"; chmod 600 "$STATE/authorized_keys"
mkdir -p /run/sshd; chmod 0755 /run/sshd
cat >"$STATE/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port 2222
HostKey $STATE/ssh_host_ed25519_key
PidFile $STATE/sshd.pid
AuthorizedKeysFile $STATE/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CONF
[ -f "$STATE/sshd.pid" ] && kill "$(cat "$STATE/sshd.pid")" 2>/dev/null && sleep 1
/usr/sbin/sshd -f "$STATE/sshd_config" || fail "sshd did not start"
ssh -i "$key" -p 2222 -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile="$STATE/known_hosts" root@127.0.0.1 true \
  || fail "ssh to root@127.0.0.1:2222 with $key failed"

cat >"$STATE/env" <<ENV
export CISGRAM_TEST_SSH_HOST=127.0.0.1
export CISGRAM_TEST_SSH_PORT=2222
export CISGRAM_TEST_SSH_USER=root
export CISGRAM_TEST_SSH_KEY=$key
ENV
say "ready: sbatch on $host, ssh root@127.0.0.1:2222 -i $key (environment in $STATE/env)"
