Feature: AddProductsToCart
  A signed-in customer puts products from the catalogue into their cart.

  Background:
    Given a customer "Aroha Ngata" is signed in
    And the catalogue has a physical product "Green Sencha 100 g" at 18.50 NZD with 5 in stock

  Scenario: A product in stock goes into the cart with its current price
    When the customer adds 2 of "Green Sencha 100 g" to the cart
    Then the cart holds 2 of "Green Sencha 100 g" at 18.50 NZD each
    And the cart totals are net 37.00, tax 5.55 and gross 42.55 NZD

  Scenario: More than the stock on hand is refused
    When the customer adds 1 of "Green Sencha 100 g" to the cart
    And the customer tries to add 6 of "Green Sencha 100 g" to the cart
    Then the cart refuses with "INSUFFICIENT_STOCK"
    And the cart holds 1 of "Green Sencha 100 g" at 18.50 NZD each

  Scenario: Only a signed-in customer has a cart
    When someone who is not signed in opens the cart
    Then they are asked to sign in
