# shellcheck shell=bash
# Writes the instance's Slurm configuration: partitions shaped like a Slinky cluster, one writer for every release.
# Each NodeSet is a Slurm Nodeset selected by a feature named after it (as slurm-operator renders it), so both the
# State=FUTURE placeholders and dynamic nodes (slurmd -Z with that feature) belong to the partition.

# What only one release has; everything else is the same for 24.11 and 26.05.
release_conf() {
  case "$RELEASE" in
    26.05) # Slurm's own OpenMetrics, as Slinky's chart sets when metrics are on: HTTP /metrics/* on SlurmctldPort
      echo "MetricsType=metrics/openmetrics" ;;
  esac
}

# Accounting off (the default): no slurmdbd. On (start --accounting): slurmctld sends every job to slurmdbd, which
# also counts GPUs (gres/gpu, typed gres/gpu:h100) among the TRES of each job, as a GPU site would configure it.
accounting_conf() {
  if [[ ${ACCOUNTING:-0} == 1 ]]; then
    printf '%s\n' AccountingStorageType=accounting_storage/slurmdbd AccountingStorageHost=127.0.0.1 \
      "AccountingStoragePort=$(dbd_port)" AccountingStorageTRES=gres/gpu,gres/gpu:h100
  else
    echo AccountingStorageType=accounting_storage/none
  fi
}

# slurmdbd.conf: on 127.0.0.1, MariaDB of the same instance, JWT accepted so slurmrestd can serve /slurmdb/...
write_slurmdbd_conf() {
  local etc=$1
  cat >"$etc/slurmdbd.conf" <<CONF
AuthType=auth/slurm
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=/etc/slurm/jwt_hs256.key
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort=$(dbd_port)
SlurmUser=slurm
PidFile=/run/slurmdbd/slurmdbd.pid
LogFile=/var/log/slurm/slurmdbd.log
DebugLevel=info
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$(mariadb_port)
StorageUser=$DB_USER
StoragePass=$DB_PASSWORD
StorageLoc=$DB_NAME
CONF
}

write_slurm_conf() {
  local etc=$1 gpu_last=$((GPU_PLACEHOLDERS - 1)) trn_last=$((TRN_PLACEHOLDERS - 1))
  cat >"$etc/slurm.conf" <<CONF
ClusterName=skaler-dev
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=slurm
SlurmctldPort=$(ctld_port)
SlurmdPort=$(node_port cpu-0)
AuthType=auth/slurm
CredType=cred/slurm
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=/etc/slurm/jwt_hs256.key
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd/%n
SlurmctldPidFile=/run/slurmctld/slurmctld.pid
SlurmdPidFile=/run/slurmd/slurmd-%n.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
$(accounting_conf)
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
ReturnToService=2
# Trust the sizes below (96 CPUs, 8 GPUs, 1 TB) on a small host.
SlurmdParameters=config_overrides
MaxJobCount=200000
MaxArraySize=100001
MinJobAge=300
# Room for dynamic nodes.
MaxNodeCount=1000
$(release_conf)
NodeName=cpu-0 NodeAddr=127.0.0.1 NodeHostname=localhost Port=$(node_port cpu-0) CPUs=2 RealMemory=4000 State=UNKNOWN
NodeName=$GPU_SET-[0-$gpu_last] NodeAddr=127.0.0.1 Port=[$(node_port "$GPU_SET-0")-$(node_port "$GPU_SET-$gpu_last")] CPUs=96 RealMemory=1000000 Gres=gpu:h100:8 Feature=$GPU_SET,h100,gpu State=FUTURE
NodeName=$TRN_SET-[0-$trn_last] NodeAddr=127.0.0.1 Port=[$(node_port "$TRN_SET-0")-$(node_port "$TRN_SET-$trn_last")] CPUs=128 RealMemory=500000 Feature=$TRN_SET,trn1 State=FUTURE
Nodeset=$GPU_SET Feature=$GPU_SET
Nodeset=$TRN_SET Feature=$TRN_SET
PartitionName=cpu Nodes=cpu-0 Default=YES MaxTime=INFINITE State=UP
PartitionName=$GPU_SET Nodes=$GPU_SET MaxTime=INFINITE State=UP
PartitionName=$TRN_SET Nodes=$TRN_SET MaxTime=INFINITE State=UP
CONF
  cat >"$etc/gres.conf" <<CONF
AutoDetect=off
NodeName=$GPU_SET-[0-$MAX_ORDINAL] Name=gpu Type=h100 File=/var/lib/slurm/fakegpu/nvidia[0-7]
CONF
  # No cgroup filesystem is mounted in the chroot; slurmd dies without this.
  echo 'CgroupPlugin=disabled' >"$etc/cgroup.conf"
}

# slurmd --conf for a node that joins dynamically (ordinal past the placeholders), as Slinky's slurmd -Z does.
dynamic_node_conf() {
  local name=$1
  case "$name" in
    "$GPU_SET"-*) echo "NodeAddr=127.0.0.1 Port=$(node_port "$name") CPUs=96 RealMemory=1000000 Gres=gpu:h100:8 Features=$GPU_SET,h100,gpu" ;;
    "$TRN_SET"-*) echo "NodeAddr=127.0.0.1 Port=$(node_port "$name") CPUs=128 RealMemory=500000 Features=$TRN_SET,trn1" ;;
  esac
}

is_placeholder() { # a State=FUTURE node of slurm.conf (as opposed to a dynamic one)
  local name=$1
  case "$name" in
    "$GPU_SET"-*) ((10#${name#"$GPU_SET"-} < GPU_PLACEHOLDERS)) ;;
    "$TRN_SET"-*) ((10#${name#"$TRN_SET"-} < TRN_PLACEHOLDERS)) ;;
    *) return 1 ;;
  esac
}
