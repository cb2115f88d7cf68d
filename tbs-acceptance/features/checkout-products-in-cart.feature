Feature: CheckoutProductsInCart
  A signed-in customer checks out their cart, confirms the delivery address of physical goods, sees the shipping
  cost and pays with Stripe.

  Background:
    Given a customer "Mere Tane" is signed in
    And the catalogue has a physical product "Manuka Honey 500 g" at 32.00 NZD with 10 in stock
    And the catalogue has a digital product "Kiwi Cooking eBook" at 15.00 NZD

  Scenario: Checking out requires signing in
    When someone who is not signed in checks out
    Then they are asked to sign in

  Scenario: Physical goods need a delivery address and cost shipping
    Given the customer has 2 of "Manuka Honey 500 g" in the cart
    When the customer checks out the cart without a delivery address
    Then the checkout refuses with "DELIVERY_ADDRESS_REQUIRED"
    When the customer confirms the delivery address from their profile and checks out with STANDARD shipping
    Then the order awaits payment with net 64.00, shipping 8.00, tax 10.80 and gross 82.80 NZD
    And the order is delivered to the address of their profile

  Scenario: Digital goods need no delivery address and cost no shipping
    Given the customer has 1 of "Kiwi Cooking eBook" in the cart
    When the customer checks out the cart without a delivery address
    Then the order awaits payment with net 15.00, shipping 0.00, tax 2.25 and gross 17.25 NZD

  Scenario: A successful payment completes the purchase
    Given the customer has 1 of "Manuka Honey 500 g" in the cart
    When the customer confirms the delivery address from their profile and checks out with EXPRESS shipping
    And the customer pays with a valid card
    Then the customer is back on the home page with the order number, and the order is PAID
    And the order is stored in the customer's order history
    And the sale is eventually in the reporting database
    And a receipt for the order is emailed to the customer
    And a shipping order for the order reaches fulfilment
    And the cart is empty

  Scenario: A rejected payment returns the customer to a full cart
    Given the customer has 1 of "Manuka Honey 500 g" in the cart
    When the customer confirms the delivery address from their profile and checks out with STANDARD shipping
    And the customer pays with a card that is declined
    Then the order is PAYMENT_FAILED
    And the customer is back at the cart, still holding 1 of "Manuka Honey 500 g"
