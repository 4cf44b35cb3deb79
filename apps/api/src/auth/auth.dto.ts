import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'staff' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'luodi-demo' })
  @IsString()
  @Length(1, 200)
  password: string;
}
