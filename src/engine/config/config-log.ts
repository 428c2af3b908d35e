import type { ConfigAudit, ConfigChange, ConfigSource } from './config-change.js';

/**
 * The node's one audit log of live config changes (`node.configChanges`): every `LiveConfig` appends
 * here, and each appended change is published (the node publishes on `topics.configChanges`, where the
 * journal picks it up). Changes restored from a journal are not published again.
 */
export class ConfigLog implements ConfigAudit {
  private readonly entries: ConfigChange[] = [];

  constructor(private readonly publish: (change: ConfigChange) => void, readonly defaultSource: ConfigSource = 'user') {}

  get changes(): readonly ConfigChange[] {
    return this.entries;
  }

  append(change: ConfigChange): void {
    this.entries.push(change);
    this.publish(change);
  }

  /** The audit trail continues across restarts: the journal's changes come first, unpublished. */
  restore(changes: readonly ConfigChange[]): void {
    this.entries.push(...changes);
  }
}
