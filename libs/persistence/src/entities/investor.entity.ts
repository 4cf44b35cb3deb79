import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OwnershipType } from '#domain';

/** The enterprise behind a project (客商). */
@Entity('investor')
export class InvestorEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'name_zh', type: 'varchar' }) nameZh: string;
  @Column({ name: 'name_en', type: 'varchar', nullable: true }) nameEn: string | null;
  @Column({ name: 'ownership_type', type: 'varchar', default: 'UNKNOWN' }) ownershipType: OwnershipType;
  /** 统一社会信用代码 */
  @Column({ name: 'credit_code', type: 'varchar', nullable: true }) creditCode: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
