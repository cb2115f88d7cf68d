Feature: FulfillOrder
  Paid orders are fulfilled: digital goods by email, physical goods dispatched by the warehouse, and the order's
  status follows.

  Background:
    Given a customer "Tama Rewi" is signed in

  Scenario: Digital goods are delivered by email
    Given the catalogue has a digital product "Haka Documentary" at 20.00 NZD
    When the customer buys 1 of "Haka Documentary"
    Then the order is eventually DELIVERED
    And an email with the download of "Haka Documentary" is sent to the customer

  Scenario: Physical goods are reserved, dispatched and delivered
    Given the catalogue has a physical product "Pounamu Pendant" at 120.00 NZD with 3 in stock
    When the customer buys 1 of "Pounamu Pendant"
    Then a READY shipment for the order reaches fulfilment
    And the catalogue shows 2 of "Pounamu Pendant" available
    When the warehouse dispatches the shipment with carrier "NZ Post" and tracking number "NZP123456"
    Then the order is eventually SHIPPED with carrier "NZ Post" and tracking number "NZP123456"
    When the carrier delivers the shipment
    Then the order is eventually DELIVERED
