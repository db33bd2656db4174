import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrape endpoint. Open like /health: it holds counts and timings, never
 * workflow data, and Prometheus scrapers rarely carry bearer tokens. The coordinator binds
 * to the loopback by default; when it does not, restrict /metrics at the network edge.
 */
@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(@Inject(MetricsService) private readonly metrics: MetricsService) {}

  @Public()
  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    response.setHeader('Content-Type', contentType);
    response.setHeader('Cache-Control', 'no-store');
    return body;
  }
}
