import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** The largest file accepted (decoded); the route's body limit allows its base64 form plus the JSON around it. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;
export const IMPORT_BODY_LIMIT = Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 64 * 1024;

export class CreateImportDto {
  @ApiProperty({ example: '项目台账.xlsx', description: '.xlsx or .csv (UTF-8, with or without BOM)' })
  @IsString() @MaxLength(255) @Matches(/\.(xlsx|csv)$/i, { message: 'fileName must end in .xlsx or .csv' })
  fileName: string;

  @ApiProperty({ description: 'The file, base64-encoded (at most 20 MB decoded)' })
  @IsString() @MinLength(1) @Matches(/^[A-Za-z0-9+/=\r\n]+$/, { message: 'contentBase64 must be base64' })
  contentBase64: string;

  @ApiPropertyOptional({ description: 'Validate only: list every problem and write nothing', default: false })
  @IsOptional() @IsBoolean()
  dryRun?: boolean;
}
