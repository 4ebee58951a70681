import { Flex, Segmented, Typography } from 'antd';
import { PRODUCTS } from '../../api/types';
import { productName } from '../../lib/displayNames';
import type { VisibilityChoice } from './clientPayload';

type Choice = 'inherit' | 'on' | 'off';
const toChoice = (v: VisibilityChoice | undefined): Choice => (v === true ? 'on' : v === false ? 'off' : 'inherit');
const fromChoice = (c: Choice): VisibilityChoice => (c === 'on' ? true : c === 'off' ? false : null);

/** Per product: inherit the organisation's default visibility, or make it visible / hidden
 *  for this customer. (A form control: value and onChange come from Form.Item.) */
export function ProductVisibilityField({
  value,
  onChange,
  products = PRODUCTS,
  defaults,
  disabled,
}: {
  value?: Record<string, VisibilityChoice>;
  onChange?: (value: Record<string, VisibilityChoice>) => void;
  products?: readonly string[];
  /** The organisation's default per product, when known: shown on the "Default" choice. */
  defaults?: Record<string, boolean>;
  disabled?: boolean;
}) {
  return (
    <Flex vertical gap={10}>
      {products.map((product) => (
        <Flex key={product} role="group" aria-label={productName(product)} justify="space-between" align="center" gap={12} wrap>
          <Typography.Text strong style={{ minWidth: 96 }}>
            {productName(product)}
          </Typography.Text>
          <Segmented<Choice>
            size="small"
            disabled={disabled}
            value={toChoice(value?.[product])}
            onChange={(c) => onChange?.({ ...(value ?? {}), [product]: fromChoice(c) })}
            options={[
              {
                value: 'inherit',
                label:
                  defaults?.[product] === undefined ? 'Default' : `Default (${defaults[product] ? 'on' : 'off'})`,
              },
              { value: 'on', label: 'On' },
              { value: 'off', label: 'Off' },
            ]}
          />
        </Flex>
      ))}
    </Flex>
  );
}
