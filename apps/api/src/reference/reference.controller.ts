import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReferenceRepository } from '#persistence';

@ApiTags('reference')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(private readonly reference: ReferenceRepository) {}

  /** The active cluster/chain taxonomy (六大产业集群 and their chains). */
  @Get('clusters')
  async listClusters() {
    const { version, clusters } = await this.reference.activeTaxonomy();
    return {
      version: version && { code: version.code, name: version.name, validFrom: version.validFrom },
      items: clusters.map((c) => ({ id: c.id, code: c.code, kind: c.kind, parentId: c.parentId, nameZh: c.nameZh, nameEn: c.nameEn })),
    };
  }

  /** Named lists (自治区重大项目清单, 市重点项目, 储备库 …). */
  @Get('lists')
  async listLists() {
    return (await this.reference.lists()).map((l) => ({ id: l.id, code: l.code, nameZh: l.nameZh, nameEn: l.nameEn, issuer: l.issuer, year: l.year }));
  }

  @ApiQuery({ name: 'q', required: false })
  @Get('investors')
  async listInvestors(@Query('q') q?: string) {
    const text = typeof q === 'string' ? q.slice(0, 100) : undefined;
    return (await this.reference.investors(text)).map((i) => ({ id: i.id, nameZh: i.nameZh, nameEn: i.nameEn, ownershipType: i.ownershipType }));
  }
}
