import { AlbAsg } from '@phi-stack/alb-asg';
import { FlowProps, PhiGuard } from '@phi-stack/phi-guard';
import { RdsMysqlHa } from '@phi-stack/rds-mysql-ha';
import { RedisPhi } from '@phi-stack/redis-phi';
import { VpcAzs } from '@phi-stack/vpc-azs';
import { Construct } from 'constructs';

/** Port of the database: `RdsMysqlHa`'s default, which the regional stack keeps. */
export const MYSQL_PORT = 3306;

/** S3 actions the web tier performs on the image bucket, through the gateway endpoint. */
export const IMAGE_BUCKET_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket'];

/** The tiers `connectTiers` wires together. */
export interface RegionalTiers {
  readonly network: VpcAzs;
  readonly web: AlbAsg;
  readonly database: RdsMysqlHa;
  readonly cache: RedisPhi;
}

/**
 * Opens the web tier's way to the data tier and declares every flow the region needs, so that
 * phi-guard (PHI-NET-1..6) proves each of them open from the synthesized JSON at every synth and
 * admits nothing else into the data tier.
 *
 * `database.allowFrom(web)` and `cache.allowFrom(web)` open both sides by group reference, never
 * by CIDR: the data tier's ingress from the app security group, and the app group's egress to it
 * (Terraform removes AWS's default allow-all egress from every group it creates).
 *
 * Returns the declared flows, in declaration order.
 */
export function connectTiers(scope: Construct, tiers: RegionalTiers): FlowProps[] {
  const { network, web, database, cache } = tiers;

  database.allowFrom(web, 'MySQL over TLS to the database (writer and readers)');
  cache.allowFrom(web, 'Redis over TLS to the cache');

  const app = web.autoscalingGroup;
  const flows: FlowProps[] = [
    { name: 'internet-to-alb-https', from: 'internet', to: web.alb, port: 443 },
    { name: 'internet-to-alb-http', from: 'internet', to: web.alb, port: 80 },
    { name: 'alb-to-app', from: web.alb, to: app, port: web.appPort },
    { name: 'app-to-mysql-writer', from: app, to: database.primary, port: MYSQL_PORT },
    ...database.replicas.map((replica, i) => ({ name: `app-to-mysql-reader-${i + 1}`, from: app, to: replica, port: MYSQL_PORT })),
    { name: 'app-to-redis', from: app, to: cache.replicationGroup, port: cache.replicationGroupPort },
    { name: 'app-to-s3', from: app, to: network.s3GatewayEndpointId, port: 443, actions: IMAGE_BUCKET_ACTIONS },
    ...Object.entries(network.interfaceEndpointIds).map(([service, endpointId]) => ({ name: `app-to-${service}-endpoint`, from: app, to: endpointId!, port: 443 })),
  ];
  for (const flow of flows) PhiGuard.declareFlow(scope, flow);
  PhiGuard.declareDataTier(scope, database.securityGroup, cache.securityGroup);
  return flows;
}
