import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A version of the cluster/chain taxonomy (Hohhot's 六大产业集群 by default). One is active. */
@Entity('taxonomy_version')
export class TaxonomyVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar' }) code: string;
  @Column({ type: 'varchar' }) name: string;
  @Column({ name: 'valid_from', type: 'date' }) validFrom: string;
  @Column({ type: 'boolean', default: false }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A cluster (产业集群) or a chain (产业链) under one, in one taxonomy version. */
@Entity('cluster')
export class ClusterEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'taxonomy_version_id', type: 'uuid' }) taxonomyVersionId: string;
  @Column({ type: 'varchar' }) code: string;
  @Column({ type: 'varchar' }) kind: 'CLUSTER' | 'CHAIN';
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
  @Column({ name: 'name_zh', type: 'varchar' }) nameZh: string;
  @Column({ name: 'name_en', type: 'varchar', nullable: true }) nameEn: string | null;
  @Column({ name: 'sort_order', type: 'int', default: 0 }) sortOrder: number;
}

/** A named list a project can belong to: 自治区重大项目清单, 市重点项目, 储备库 … */
@Entity('project_list')
export class ProjectListEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar' }) code: string;
  @Column({ name: 'name_zh', type: 'varchar' }) nameZh: string;
  @Column({ name: 'name_en', type: 'varchar', nullable: true }) nameEn: string | null;
  @Column({ type: 'varchar', nullable: true }) issuer: string | null;
  @Column({ type: 'int', nullable: true }) year: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
