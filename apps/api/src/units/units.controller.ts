import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UnitEntity } from '#persistence';
import { UnitRepository } from '#persistence';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitRepository) {}

  /** The whole unit tree, flat in tree order (parentId links the nodes). Units are public reference data. */
  @Get()
  async listUnits() {
    return (await this.units.findAll()).map((u: UnitEntity) => ({
      id: u.id,
      code: u.code,
      adminCode: u.adminCode,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
      kind: u.kind,
      parentId: u.parentId,
      path: u.path,
    }));
  }
}
