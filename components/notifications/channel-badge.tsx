import { channelTypeInfo } from './channel-types';
import type { ChannelType } from './notification-api';

/** The channel type as a small coloured mark plus its name. */
export function ChannelTypeBadge({ type, name }: { type: ChannelType; name?: string }) {
  const info = channelTypeInfo[type];
  return (
    <span className="channel-type" data-type={type}>
      <span className="channel-mark" aria-hidden="true">
        {info.mark}
      </span>
      <span>{name ?? info.label}</span>
      {name !== undefined && <span className="visually-hidden"> ({info.label})</span>}
    </span>
  );
}
