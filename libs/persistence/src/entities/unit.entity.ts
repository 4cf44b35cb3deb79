import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { UnitKind } from '#domain';

/** An administrative unit or department: 自治区 → 盟市 → 旗县区/开发区/新区 → 乡镇. */
@Entity('unit')
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar' }) code: string;
  /** GB/T 2260 administrative division code, where one exists. */
  @Column({ name: 'admin_code', type: 'varchar', nullable: true }) adminCode: string | null;
  @Column({ name: 'name_zh', type: 'varchar' }) nameZh: string;
  @Column({ name: 'name_en', type: 'varchar', nullable: true }) nameEn: string | null;
  @Column({ type: 'varchar' }) kind: UnitKind;
  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
  /** Materialised path of unit codes, `/a/b/c/`; a subtree is every path with this prefix. */
  @Column({ type: 'text' }) path: string;
  @Column({ name: 'sort_order', type: 'int', default: 0 }) sortOrder: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
