// RBAC with IAM authentication: no password exists. The app's role signs a short-lived token
// (SigV4, 15 minutes) for its user; ElastiCache requires user id == user name for IAM users.
// Every Redis user group needs a user named `default`: the built-in one (no password, all
// commands) is replaced by a switched-off one of this construct.
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { Construct } from 'constructs';
import { RedisPhiContext } from './context';

/** Access string of the replacement `default` user: switched off, no command, no key. */
const DISABLED_ACCESS_STRING = 'off ~* -@all';

export interface RedisPhiUsers {
  readonly defaultUser: ElasticacheUser;
  readonly appUser: ElasticacheUser;
  readonly userGroup: ElasticacheUserGroup;
}

/** The switched-off `default` user, the app's IAM user and their user group. */
export function createUsers(scope: Construct, ctx: RedisPhiContext): RedisPhiUsers {
  const { name, tags, settings: v } = ctx;
  const defaultUser = new ElasticacheUser(scope, 'default-user', {
    userId: `${name}-default`,
    userName: 'default',
    engine: 'redis',
    accessString: DISABLED_ACCESS_STRING,
    // `no_password_required`, not `authentication_mode { type = "no-password-required" }`:
    // ElastiCache reports that type back as `no-password`, which the block would plan to change.
    noPasswordRequired: true,
    tags,
  });
  const appUser = new ElasticacheUser(scope, 'app-user', {
    userId: `${name}-app`,
    userName: `${name}-app`,
    engine: 'redis',
    accessString: v.appAccessString,
    authenticationMode: { type: 'iam' },
    tags,
  });
  const userGroup = new ElasticacheUserGroup(scope, 'user-group', {
    userGroupId: `${name}-users`,
    engine: 'redis',
    userIds: [defaultUser.userId, appUser.userId],
    tags,
  });
  return { defaultUser, appUser, userGroup };
}
