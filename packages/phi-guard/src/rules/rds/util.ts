import { isSet, SynthResource } from '../../synthesized';

/** A read replica inherits backups, Multi-AZ and final snapshots from its own settings or has none. */
export function isReadReplica(r: SynthResource): boolean {
  return r.type === 'aws_db_instance' && isSet(r.config.replicate_source_db);
}
